package dev.oodbench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.metrics.Bootstrap;
import dev.oodbench.metrics.OodMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {
    private static EvalRow row(String detector, String params, double[] id, double[] ood) {
        return new EvalRow("m", 0.9, detector, params, "id", "noise", "far", OodMetrics.compute(id, ood),
                Bootstrap.Intervals.none(), EvalRow.OK, "", 0, 0);
    }

    @Test
    void aDetectorWithTwoParameterSetsGetsALineForEach() {
        double[] id = {0, 1, 2, 3};
        List<EvalRow> rows = List.of(
                row("ash-p", "percentile=90;on=map", id, new double[] {4, 5, 6, 7}),          // AUROC 100
                row("ash-p", "percentile=90;on=features", id, new double[] {0.5, 1.5, 2.5, 3.5}), // AUROC 62.5
                row("mls", "", id, new double[] {3.5, 4, 5, 6}));
        String table = ComparisonTable.render(rows);
        List<String> lines = table.lines().toList();
        assertEquals(5, lines.size(), table); // header, three detector lines, legend
        assertTrue(lines.get(1).startsWith("ash-p percentile=90;on=map ") && lines.get(1).contains("100.0*"), table);
        assertTrue(lines.get(2).startsWith("ash-p percentile=90;on=features ") && lines.get(2).contains(" 62.5 "), table);
        assertTrue(lines.get(3).startsWith("mls "), table); // no parameters: the plain name
    }

    @Test
    void setNamesAreNeverCutAndEveryLineShowsItsParameters() {
        double[] id = {0, 1, 2, 3};
        List<EvalRow> rows = List.of(
                new EvalRow("m", 0.9, "vim", "dim=32", "id", "fashion-mnist-test", "far", OodMetrics.compute(id,
                        new double[] {4, 5, 6, 7}), Bootstrap.Intervals.none(), EvalRow.OK, "", 0, 0),
                new EvalRow("m", 0.9, "vim", "dim=32", "id", "u", "far", OodMetrics.compute(id,
                        new double[] {4, 5, 6, 7}), Bootstrap.Intervals.none(), EvalRow.OK, "", 0, 0));
        List<String> lines = ComparisonTable.render(rows).lines().toList();
        assertTrue(lines.get(0).contains(" fashion-mnist-test "), lines.get(0));
        assertTrue(lines.get(1).startsWith("vim dim=32 "), lines.get(1));
        assertEquals(lines.get(0).length(), lines.get(1).length(), "cells as wide as their column:\n" + String.join("\n", lines));
    }
}
