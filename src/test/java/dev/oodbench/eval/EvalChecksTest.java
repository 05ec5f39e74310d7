package dev.oodbench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** An evaluation that cannot mean anything is refused (labels the model has no class for) or warned about. */
class EvalChecksTest {
    @Test
    void labelsBeyondTheModelsClassesNameTheSetAndTheClassCount() {
        int[] digits59 = {5, 6, 7, 8, 9, 7};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Evaluation.checkLabels("training set", "mnist59-test", digits59, 5));
        assertEquals("the training set mnist59-test has labels up to 9 but the model has 5 classes (0..4); use a set of "
                + "the classes the model was trained on", e.getMessage());
        Evaluation.checkLabels("ID set", "mnist04-test", new int[] {0, 4, 2}, 5);
    }

    @Test
    void anOodSetEqualToTheIdSetAndAChanceAccuracyAreWarnedAbout() {
        assertEquals(List.of(), Evaluation.warnings("mnist04-test", List.of("mnist59-test"), 0.99, 5));
        List<String> w = Evaluation.warnings("mnist04-test", List.of("uniform", "mnist04-test"), 0.99, 5);
        assertEquals(1, w.size());
        assertTrue(w.get(0).startsWith("warning: --ood names the ID set mnist04-test itself"), w.get(0));
        assertEquals(List.of(), Evaluation.warnings("uniform", List.of("gaussian"), Double.NaN, 5), "noise has no labels");
        w = Evaluation.warnings("mnist-test", List.of("uniform"), 0.0925, 10);
        assertEquals(List.of("warning: the model's accuracy on mnist-test is 9.25%, near chance (10% for 10 classes): is "
                + "mnist-test the set the model was trained for? Its rows measure little"), w);
    }
}
