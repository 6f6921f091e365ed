package org.loralab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.loralab.BadInputException;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017) from its four IDX files, as Debian's
 * {@code dataset-fashion-mnist} installs them: 60,000 training and 10,000 test images of 28 x 28 grey
 * pixels in 10 classes (0 T-shirt/top, 1 trouser, 2 pullover, 3 dress, 4 coat, 5 sandal, 6 shirt,
 * 7 sneaker, 8 bag, 9 ankle boot).
 */
public final class FashionMnist {
    /** Where Debian's package puts the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The number of classes. */
    public static final int CLASSES = 10;

    private FashionMnist() {
    }

    /**
     * One split.
     *
     * @param pixels row-major (count, 784), scaled to [0, 1]
     * @param labels the class of each image, 0..9
     */
    public record Split(double[] pixels, int[] labels, int features) {
        public int count() {
            return labels.length;
        }
    }

    /** The 60,000 training images of {@code dir}. */
    public static Split train(Path dir) {
        return read(dir, "train");
    }

    /** The 10,000 test images of {@code dir}. */
    public static Split test(Path dir) {
        return read(dir, "t10k");
    }

    private static Split read(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": no such data folder (on Debian: apt-get install dataset-fashion-mnist)");
        }
        IdxFile images = IdxFile.read(file(dir, prefix + "-images-idx3-ubyte"));
        IdxFile labels = IdxFile.read(file(dir, prefix + "-labels-idx1-ubyte"));
        if (images.shape().length != 3 || labels.shape().length != 1 || images.shape()[0] != labels.shape()[0]) {
            throw new BadInputException(images.path() + ": images " + Arrays.toString(images.shape()) + " and labels "
                    + Arrays.toString(labels.shape()) + " do not describe one image per label");
        }
        int[] classes = new int[labels.values().length];
        for (int i = 0; i < classes.length; i++) {
            double v = labels.values()[i];
            if (v < 0 || v >= CLASSES || v != Math.rint(v)) {
                throw new BadInputException(labels.path() + ": label " + i + " is " + v + ", not a class 0..9");
            }
            classes[i] = (int) v;
        }
        double[] pixels = images.values();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] /= 255.0;
        }
        return new Split(pixels, classes, images.shape()[1] * images.shape()[2]);
    }

    /** {@code name.gz} when present, else {@code name}. */
    private static Path file(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        return Files.exists(gz) ? gz : dir.resolve(name);
    }
}
