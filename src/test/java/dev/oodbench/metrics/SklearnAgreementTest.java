package dev.oodbench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Agreement with scikit-learn's roc_auc_score, roc_curve and average_precision_score on the
 * committed reference vectors (src/test/resources/metrics/make_reference.py wrote them).
 */
class SklearnAgreementTest {
    @Test
    void matchesScikitLearnOnEveryReferenceCase() throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/metrics/sklearn_reference.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#") && !l.startsWith("case,")).toList();
        }
        assertEquals(5, lines.size());
        for (String line : lines) {
            String[] c = line.split(",");
            double[] id = Arrays.stream(c[5].split(" ")).mapToDouble(Double::parseDouble).toArray();
            double[] ood = Arrays.stream(c[6].split(" ")).mapToDouble(Double::parseDouble).toArray();
            OodMetrics m = OodMetrics.compute(id, ood);
            assertEquals(Double.parseDouble(c[1]), m.auroc(), 1e-12, c[0] + " auroc");
            assertEquals(Double.parseDouble(c[2]), m.fpr95(), 1e-12, c[0] + " fpr95");
            assertEquals(Double.parseDouble(c[3]), m.auprIn(), 1e-12, c[0] + " aupr_in");
            assertEquals(Double.parseDouble(c[4]), m.auprOut(), 1e-12, c[0] + " aupr_out");
        }
    }
}
