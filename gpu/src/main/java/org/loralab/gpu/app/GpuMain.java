package org.loralab.gpu.app;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.loralab.gpu.cuda.CudaException;
import org.loralab.gpu.cuda.CudaUnavailableException;
import org.loralab.gpu.tensor.Backend;
import org.loralab.gpu.tensor.Precision;

/**
 * {@code loralab-gpu}: the GPU layers' own command line, for machines without the toolkit.
 * <pre>
 *   loralab-gpu info  [--backend B]                       what the backend is (device, versions)
 *   loralab-gpu check [--backend B] [--reference DIR] [--precisions fp32,tf32,bf16] [--out DIR]
 *   loralab-gpu bench [--backend B] [--dim 4096] [--tokens 8192] [--ranks 8,64] [--classes 10]
 *                     [--precisions fp32,tf32,bf16] [--warmup 3] [--iterations 10] [--out DIR]
 * </pre>
 * Exit status: 0 done (check: everything within tolerance), 1 a check failed, 2 a usage error or no CUDA.
 */
public final class GpuMain {
    private static final String USAGE = "usage: loralab-gpu info|check|bench [--option value ...] (see docs/gpu.md)";

    private GpuMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.getenv(Backends.ENVIRONMENT)));
    }

    static int run(String[] args, PrintStream out, PrintStream err, String environmentBackend) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "info" -> info(new Options(rest, Set.of("backend")), out, environmentBackend);
                case "check" -> check(new Options(rest, Set.of("backend", "reference", "precisions", "out")), out,
                        environmentBackend);
                case "bench" -> bench(new Options(rest, Set.of("backend", "dim", "tokens", "ranks", "classes", "precisions",
                        "warmup", "iterations", "out")), out, environmentBackend);
                default -> {
                    err.println("error: unknown command '" + args[0] + "'\n" + USAGE);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException | CudaUnavailableException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (CudaException e) {
            err.println("error: CUDA: " + e.getMessage());
            return 2;
        }
    }

    private static int info(Options o, PrintStream out, String env) {
        String name = Backends.configured(o.get("backend", null), env);
        try (Backend b = Backends.factory(name).apply(Precision.FP32)) {
            out.println("backend: " + b.name());
        }
        out.println("java: " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        return 0;
    }

    private static int check(Options o, PrintStream out, String env) {
        String name = Backends.configured(o.get("backend", null), env);
        Function<Precision, Backend> backends = Backends.factory(name);
        Path reference = Path.of(o.get("reference", "reports/gpu/reference"));
        List<Comparison> all = new ArrayList<>();
        for (String p : o.words("precisions", "fp32,tf32,bf16")) {
            all.addAll(ReferenceCheck.run(reference, backends, Precision.parse(p)));
        }
        StringBuilder csv = new StringBuilder(Comparison.csvHeader()).append('\n');
        all.forEach(c -> csv.append(c.csvRow()).append('\n'));
        out.print(csv);
        long failed = all.stream().filter(c -> !c.passed()).count();
        out.println(failed == 0 ? "check: all " + all.size() + " comparisons within tolerance (" + name + ")"
                : "check: " + failed + " of " + all.size() + " comparisons FAILED (" + name + ")");
        writeIfAsked(o, "check.csv", csv.toString());
        return failed == 0 ? 0 : 1;
    }

    private static int bench(Options o, PrintStream out, String env) {
        String name = Backends.configured(o.get("backend", null), env);
        Function<Precision, Backend> backends = Backends.factory(name);
        LayerBenchmark.Settings settings = new LayerBenchmark.Settings(o.integer("dim", 4096), o.integer("tokens", 8192),
                o.integers("ranks", "8,64"), o.integer("classes", 10), o.integer("warmup", 3), o.integer("iterations", 10));
        StringBuilder csv = new StringBuilder(LayerBenchmark.Row.csvHeader()).append('\n');
        for (String p : o.words("precisions", "fp32,tf32,bf16")) {
            Precision precision = Precision.parse(p);
            try (Backend b = backends.apply(precision)) {
                out.printf("%s, %s: d = k = %d, %d tokens, ranks %s (median of %d after %d warm-up)%n", b.name(), precision,
                        settings.dim(), settings.tokens(), settings.ranks(), settings.iterations(), settings.warmup());
                LayerBenchmark.run(b, settings, out).forEach(r -> csv.append(r.csvRow()).append('\n'));
            }
        }
        writeIfAsked(o, "loralab-bench.csv", csv.toString());
        return 0;
    }

    /** Writes {@code text} to --out/fileName through a temporary file, so a kill leaves no half-written file. */
    private static void writeIfAsked(Options o, String fileName, String text) {
        String folder = o.get("out", null);
        if (folder == null) {
            return;
        }
        try {
            Path dir = Files.createDirectories(Path.of(folder));
            Path tmp = Files.createTempFile(dir, fileName, ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + fileName + " to " + folder + ": " + e.getMessage(), e);
        }
    }
}
