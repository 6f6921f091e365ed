package org.loralab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.loralab.BadInputException;
import org.loralab.notebook.KernelCheck;
import org.loralab.notebook.KernelInstaller;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loralab kernel install|check}: the Jupyter kernel with the toolkit on its class path. */
@Command(name = "kernel", mixinStandardHelpOptions = true, description = "The Jupyter kernel 'loralab' (Java).",
        subcommands = {KernelCommand.Install.class, KernelCommand.Check.class})
final class KernelCommand {

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Installs the kernelspec 'loralab' (\"Java (LoRA Lab)\") with the toolkit on its class path.")
    static final class Install implements Callable<Integer> {
        @Option(names = "--prefix", paramLabel = "DIR",
                description = "install under DIR/share/jupyter/kernels/loralab (default: the user's Jupyter data folder)")
        Path prefix;

        @Option(names = "--kernel-jar", paramLabel = "PATH",
                description = "use this IJava or JJava kernel jar instead of the bundled rapaio kernel "
                        + "(the toolkit goes on IJAVA_CLASSPATH and JJAVA_CLASSPATH)")
        Path kernelJar;

        @Option(names = "--toolkit-jar", paramLabel = "PATH", hidden = true,
                description = "the toolkit jar to put on the class path (default: the running one)")
        Path toolkitJar;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            Path jar = toolkitJar != null ? toolkitJar : KernelInstaller.runningJar();
            if (jar == null) {
                throw new BadInputException("not running from the toolkit jar: use ./loralab, or pass --toolkit-jar");
            }
            Path dataDir = prefix != null ? prefix.resolve("share").resolve("jupyter") : KernelInstaller.userDataDir();
            Path dir = KernelInstaller.install(dataDir, jar, kernelJar);
            command.commandLine().getOut().println("installed kernel '" + KernelInstaller.KERNEL_NAME + "' ("
                    + KernelInstaller.DISPLAY_NAME + ") in " + dir + (prefix != null
                    ? "\nJupyter finds it when " + prefix + " is its prefix, or with JUPYTER_PATH=" + dataDir : ""));
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Starts the installed kernel N times and counts the starts that never answer (hangs).")
    static final class Check implements Callable<Integer> {
        @Option(names = "--starts", defaultValue = "20", description = "kernel starts (default: ${DEFAULT-VALUE})")
        int starts;

        @Option(names = "--startup-timeout", defaultValue = "20", paramLabel = "S",
                description = "seconds a start may take before it counts as a hang (default: ${DEFAULT-VALUE})")
        int startupTimeout;

        @Option(names = "--kernel", defaultValue = KernelInstaller.KERNEL_NAME, description = "kernelspec name")
        String kernel;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            if (starts < 1 || startupTimeout < 1) {
                throw new BadInputException("--starts and --startup-timeout must be >= 1");
            }
            return KernelCheck.run(kernel, starts, startupTimeout, command.commandLine().getOut(),
                    command.commandLine().getErr());
        }
    }
}
