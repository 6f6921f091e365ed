package org.loralab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.loralab.BadInputException;
import org.loralab.notebook.KernelInstaller;
import org.loralab.notebook.NotebookExecutor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code loralab notebook run}: executes a notebook through Jupyter with parameters. */
@Command(name = "notebook", mixinStandardHelpOptions = true, description = "Jupyter notebooks.",
        subcommands = {NotebookCommand.Run.class})
final class NotebookCommand {

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Executes a notebook on the 'loralab' kernel; -p values are injected after the cell tagged "
                    + "'parameters' (papermill style). Exit 1 names the failing cell.")
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NOTEBOOK", description = "the .ipynb file")
        Path notebook;

        @Option(names = "-p", paramLabel = "NAME=VALUE",
                description = "a parameter (int, long, double, boolean, String, or a list like 1,2,4); repeatable")
        List<String> parameters = List.of();

        @Option(names = "--out", paramLabel = "OUT.ipynb", description = "executed notebook (default: NOTEBOOK itself)")
        Path out;

        @Option(names = "--kernel", defaultValue = KernelInstaller.KERNEL_NAME, description = "kernelspec name (default: ${DEFAULT-VALUE})")
        String kernel;

        @Option(names = "--cell-timeout", defaultValue = "3600", paramLabel = "S", description = "seconds per cell (default: ${DEFAULT-VALUE})")
        int cellTimeout;

        @Option(names = "--startup-timeout", defaultValue = "60", paramLabel = "S",
                description = "seconds for the kernel to answer before it is started again, at most 3 starts (default: ${DEFAULT-VALUE})")
        int startupTimeout;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            Map<String, String> values = new LinkedHashMap<>();
            for (String p : parameters) {
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw new BadInputException("-p " + p + ": expected NAME=VALUE");
                }
                values.put(p.substring(0, eq).trim(), p.substring(eq + 1));
            }
            Path target = out != null ? out : notebook;
            int status = NotebookExecutor.run(notebook, values, target,
                    new NotebookExecutor.Settings(kernel, cellTimeout, startupTimeout), Map.of(),
                    command.commandLine().getOut(), command.commandLine().getErr());
            if (status == 0) {
                command.commandLine().getOut().println("executed notebook: " + target);
            }
            return status;
        }
    }
}
