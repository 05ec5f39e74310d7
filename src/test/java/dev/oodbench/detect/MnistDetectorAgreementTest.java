package dev.oodbench.detect;

import dev.oodbench.data.ImageSet;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.ShippedModels;

/** {@link DetectorAgreementChecks} on the committed MNIST[0-4] convnet, with seeded blob images (no dataset needed). */
class MnistDetectorAgreementTest extends DetectorAgreementChecks {
    @Override
    String modelName() {
        return "mnist04-convnet";
    }

    @Override
    FitData fitData(Classifier model) {
        return blobFitData(model, 28, 28, 1);
    }

    @Override
    ImageSet testImages() {
        return ShippedModels.blobs("test", 256, 28, 28, 1, 2);
    }
}
