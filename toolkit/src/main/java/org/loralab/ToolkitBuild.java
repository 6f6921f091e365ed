package org.loralab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The identity of the running toolkit's code: a SHA-256 over the names and contents of its own classes and resources
 * ({@code org/loralab/...}), from the jar (entry CRCs and sizes, no decompression) or the classes folder. It changes
 * when the toolkit's code changes and only then, so results cached under it are never shown by a different build.
 */
public final class ToolkitBuild {
    private static final String OWN = "org/loralab/";
    private static String id;

    private ToolkitBuild() {
    }

    /** 16 hex digits identifying this build (computed once). */
    public static synchronized String id() {
        if (id == null) {
            id = HexFormat.of().formatHex(digest(location())).substring(0, 16);
        }
        return id;
    }

    private static Path location() {
        try {
            return Path.of(ToolkitBuild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the toolkit's classes", e);
        }
    }

    static byte[] digest(Path location) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(location)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(location.resolve(OWN))) {
                    files = walk.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString)).toList();
                }
                for (Path f : files) {
                    sha.update(location.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                    sha.update(Files.readAllBytes(f));
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    List<JarEntry> entries = jar.stream().filter(e -> e.getName().startsWith(OWN) && !e.isDirectory())
                            .sorted(Comparator.comparing(JarEntry::getName)).toList();
                    for (JarEntry e : entries) {
                        sha.update((e.getName() + ":" + e.getCrc() + ":" + e.getSize()).getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            return sha.digest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
