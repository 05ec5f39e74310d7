package dev.oodbench.train;

import dev.oodbench.model.Classifier;
import dev.oodbench.model.Device;
import dev.oodbench.model.ModelCatalog;
import java.nio.file.Path;
import java.util.List;

/** The architecture behind each shipped model of the {@link ModelCatalog}. */
public final class ModelRecipes {
    private static final List<Architecture> ARCHITECTURES = List.of(new Mnist04ConvNet(), new ResNet20());

    private ModelRecipes() {}

    public static Architecture architecture(String model) {
        ModelCatalog.entry(model); // unknown names fail there, with the list of known ones
        return ARCHITECTURES.stream().filter(a -> a.name().equals(model)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("model " + model + " has no training recipe"));
    }

    /** The architecture of an exported SavedModel, told apart by its input shape and class count. */
    public static Architecture architectureOf(Path savedModel) {
        try (Classifier c = Classifier.load(savedModel, Device.CPU)) {
            return ARCHITECTURES.stream().filter(a -> a.height() == c.height() && a.width() == c.width()
                            && a.channels() == c.channels() && a.classes() == c.classes()).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(savedModel + ": images [N," + c.height() + ","
                            + c.width() + "," + c.channels() + "] to " + c.classes() + " classes is none of "
                            + ARCHITECTURES.stream().map(Architecture::name).toList()));
        }
    }
}
