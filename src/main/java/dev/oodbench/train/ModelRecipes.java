package dev.oodbench.train;

import dev.oodbench.model.ModelCatalog;
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
}
