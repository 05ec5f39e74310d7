package dev.oodbench.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Every dataset the suite knows, by name. (Minimal first version: the training sets.) */
public final class DatasetCatalog {
    private DatasetCatalog() {}

    public static Path root() {
        String env = System.getenv("OODBENCH_DATA");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "oodbench");
    }

    public static ImageSet load(String name) throws IOException {
        Path r = root();
        return switch (name) {
            case "cifar10-train" -> Cifar10Binary.read(name, List.of(1, 2, 3, 4, 5).stream()
                    .map(i -> r.resolve("cifar-10-batches-bin/data_batch_" + i + ".bin")).toList());
            case "cifar10-test" -> Cifar10Binary.read(name, List.of(r.resolve("cifar-10-batches-bin/test_batch.bin")));
            case "mnist-train" -> MnistIdx.read(name, r.resolve("mnist/train-images-idx3-ubyte.gz"), r.resolve("mnist/train-labels-idx1-ubyte.gz"));
            case "mnist-test" -> MnistIdx.read(name, r.resolve("mnist/t10k-images-idx3-ubyte.gz"), r.resolve("mnist/t10k-labels-idx1-ubyte.gz"));
            case "mnist04-train" -> load("mnist-train").filterLabels(Set.of(0, 1, 2, 3, 4), name);
            case "mnist04-test" -> load("mnist-test").filterLabels(Set.of(0, 1, 2, 3, 4), name);
            default -> throw new IllegalArgumentException("unknown dataset " + name);
        };
    }
}
