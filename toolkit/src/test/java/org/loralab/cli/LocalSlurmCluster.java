package org.loralab.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.loralab.testing.RequiredTool;

/**
 * A one-node Slurm cluster on loopback for the tests: Debian's {@code slurmctld} and {@code slurmd} in the foreground
 * with a generated {@code slurm.conf} (2 CPUs, root as the Slurm user, its own ports, state and spool folders under a
 * temporary folder), and the system's {@code munged}, started when it is not running. {@link #close} cancels every
 * job and stops the daemons it started.
 */
final class LocalSlurmCluster implements AutoCloseable {
    private static final Path SLURMCTLD = Path.of("/usr/sbin/slurmctld");
    private static final Path SLURMD = Path.of("/usr/sbin/slurmd");
    private static final Path MUNGED = Path.of("/usr/sbin/munged");
    private static final Path SBATCH = Path.of("/usr/bin/sbatch");

    private final Path conf;
    private final List<Process> daemons = new ArrayList<>();
    private boolean startedMunge;

    private LocalSlurmCluster(Path conf) {
        this.conf = conf;
    }

    /** The environment a Slurm command needs to reach this cluster. */
    Map<String, String> environment() {
        return Map.of("SLURM_CONF", conf.toString());
    }

    /** Starts the cluster in {@code dir}; skips the test where Slurm or munge is not installed (fails it under CI). */
    static LocalSlurmCluster start(Path dir) throws IOException, InterruptedException {
        RequiredTool.require(Files.isExecutable(SLURMCTLD) && Files.isExecutable(SLURMD) && Files.isExecutable(SBATCH),
                "slurm-wlm");
        RequiredTool.require(Files.isExecutable(MUNGED), "munge");
        LocalSlurmCluster cluster = new LocalSlurmCluster(dir.resolve("slurm.conf"));
        try {
            cluster.startMunge();
            cluster.writeConf(dir);
            cluster.daemons.add(cluster.daemon(dir, "slurmctld", SLURMCTLD));
            cluster.daemons.add(cluster.daemon(dir, "slurmd", SLURMD));
            cluster.awaitIdleNode(dir);
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void startMunge() throws IOException, InterruptedException {
        if (exec("munge", "-n").status() == 0) {
            return;
        }
        // as Debian's service does: the socket folder, then the daemon as the munge user (it refuses root's logs)
        Path socketDir = Path.of("/run/munge");
        Files.createDirectories(socketDir);
        exec("chown", "munge:munge", socketDir.toString());
        Run started = exec("runuser", "-u", "munge", "--", MUNGED.toString());
        if (started.status() != 0) {
            throw new IllegalStateException("munged did not start: " + started.output());
        }
        startedMunge = true;
        for (int i = 0; i < 100 && exec("munge", "-n").status() != 0; i++) {
            Thread.sleep(100);
        }
    }

    private void writeConf(Path dir) throws IOException, InterruptedException {
        String host = exec("hostname", "-s").output().strip();
        long memoryMb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(4096) * 3 / 4;
        Files.createDirectories(dir.resolve("state"));
        Files.createDirectories(dir.resolve("spool"));
        Files.writeString(conf, String.join("\n",
                "ClusterName=loralab-test",
                "SlurmctldHost=" + host + "(127.0.0.1)",
                "SlurmUser=root",
                "SlurmdUser=root",
                "SlurmctldPort=" + freePort(),
                "SlurmdPort=" + freePort(),
                "AuthType=auth/munge",
                "StateSaveLocation=" + dir.resolve("state"),
                "SlurmdSpoolDir=" + dir.resolve("spool"),
                "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_Core_Memory",
                "DefMemPerCPU=1024",
                "ReturnToService=2",
                "MpiDefault=none",
                "NodeName=" + host + " NodeAddr=127.0.0.1 CPUs=2 RealMemory=" + memoryMb + " State=UNKNOWN",
                "PartitionName=test Nodes=" + host + " Default=YES MaxTime=INFINITE State=UP",
                ""));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Process daemon(Path dir, String name, Path binary) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "-D", "-f", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().putAll(environment());
        return pb.start();
    }

    private void awaitIdleNode(Path dir) throws IOException, InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (exec("sinfo", "-h", "-o", "%T").output().strip().equals("idle")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the Slurm node did not become idle in 30 s; slurmctld.log: "
                + Files.readString(dir.resolve("slurmctld.log")) + "\nslurmd.log: " + Files.readString(dir.resolve("slurmd.log")));
    }

    /** The jobs and array tasks in the queue ({@code 12_0}, {@code 13}, ...). */
    List<String> queue() throws IOException, InterruptedException {
        return exec("squeue", "-h", "-r", "-o", "%i").output().lines().filter(l -> !l.isBlank()).toList();
    }

    /** Runs a Slurm (or any) command against this cluster. */
    Run exec(String... command) throws IOException, InterruptedException {
        org.loralab.io.Processes.Result r = org.loralab.io.Processes.run(List.of(command), environment(),
                java.time.Duration.ofMinutes(1));
        return new Run(r.exitStatus(), r.out() + r.err());
    }

    /** A command's exit status and its output, both streams. */
    record Run(int status, String output) {
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (!daemons.isEmpty()) {
            exec("scancel", "--partition=test");
            for (int i = 0; i < 100 && !queue().isEmpty(); i++) {
                Thread.sleep(100);
            }
        }
        for (Process p : daemons.stream().sorted((a, b) -> -1).toList()) { // slurmd before slurmctld
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                org.loralab.io.Processes.destroyTree(p);
            }
        }
        if (startedMunge) {
            Path pid = Path.of("/run/munge/munged.pid");
            if (Files.isRegularFile(pid)) {
                exec("kill", Files.readString(pid).strip());
            }
        }
    }
}
