package dev.oodbench.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.data.DatasetCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** With the real test sets, each committed model reaches the test accuracy its MODEL.md card states. */
@EnabledIfEnvironmentVariable(named = "OODBENCH_DATA", matches = ".+")
class ModelAccuracyTest {
    @ParameterizedTest
    @CsvSource({"mnist04-convnet, mnist04-test", "cifar10-resnet20, cifar10-test"})
    void reachesTheStatedAccuracy(String model, String testSet) throws IOException {
        String card = Files.readString(ShippedModels.dir(model).resolve("MODEL.md"));
        Matcher m = Pattern.compile("\\| test accuracy \\| ([0-9.]+)%").matcher(card);
        assertTrue(m.find(), model + ": MODEL.md states no test accuracy");
        double stated = Double.parseDouble(m.group(1)) / 100;
        try (Classifier c = Classifier.load(ShippedModels.dir(model), Device.CPU)) {
            double acc = c.accuracy(DatasetCatalog.load(testSet), 500);
            System.out.printf("%s: %.4f measured, %.4f stated%n", model, acc, stated);
            // CPU kernels may differ in the last bits across machines: allow 0.05 percentage points
            assertTrue(acc >= stated - 0.0005, model + " accuracy " + acc + " below the stated " + stated);
        }
    }
}
