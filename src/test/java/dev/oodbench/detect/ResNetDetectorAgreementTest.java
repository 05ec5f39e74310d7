package dev.oodbench.detect;

import dev.oodbench.data.DatasetCatalog;
import dev.oodbench.data.ImageSet;
import dev.oodbench.model.Classifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * {@link DetectorAgreementChecks} on the committed CIFAR-10 ResNet-20 and real CIFAR-10 images:
 * fitted on 1,000 test images with their true labels, scoring the next 256.
 */
@EnabledIfEnvironmentVariable(named = "OODBENCH_DATA", matches = ".+")
class ResNetDetectorAgreementTest extends DetectorAgreementChecks {
    private ImageSet cifar;

    private ImageSet cifar() {
        try {
            if (cifar == null) cifar = DatasetCatalog.load("cifar10-test");
            return cifar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    String modelName() {
        return "cifar10-resnet20";
    }

    @Override
    FitData fitData(Classifier model) {
        return fitData(model, cifar().slice(0, 1000), 250);
    }

    @Override
    ImageSet testImages() {
        return cifar().slice(1000, 1256);
    }
}
