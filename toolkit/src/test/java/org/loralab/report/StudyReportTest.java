package org.loralab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.loralab.results.MeanInterval;
import org.loralab.study.RankEstimate;
import org.loralab.study.StudyValue;

class StudyReportTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    private static StudyValue at(double value, RankEstimate r90) {
        return new StudyValue(value, "p" + value, 1000, 64, r90, Optional.empty(), 0, MeanInterval.of(new double[] {0.5}),
                Map.of(), 10);
    }

    private static String trend(RankEstimate... estimates) {
        List<StudyValue> values = new java.util.ArrayList<>();
        for (int i = 0; i < estimates.length; i++) {
            values.add(at(32 << i, estimates[i]));
        }
        return StudyReport.trend("r90", "width", values, StudyValue::r90, false);
    }

    @Test
    void aTrendIsCalledOnlyWhenTheIntervalsAtTheEndsDoNotOverlap() {
        assertThat(trend(new RankEstimate(16, 16, 64, 3, 3), new RankEstimate(8, 4, 16, 3, 3),
                new RankEstimate(4, 1, 8, 3, 3)))
                .startsWith("**r90 falls with width**: median 16 (95% interval 16 to 64) at width = 32, 4 (1 to 8) at width = 128.")
                .endsWith("Medians by width: 32: 16; 64: 8; 128: 4.");
        assertThat(trend(new RankEstimate(4, 1, 4, 3, 3), new RankEstimate(16, 16, INF, 2, 3)))
                .startsWith("**r90 rises with width**").contains("16 (16 to not reached) at width = 64");
        // touching intervals overlap: no trend
        assertThat(trend(new RankEstimate(16, 16, 64, 3, 3), new RankEstimate(4, 1, 16, 3, 3)))
                .startsWith("**r90 shows no clear trend (the 95% intervals at the smallest and largest value overlap) with width**");
        assertThat(trend(new RankEstimate(INF, INF, INF, 0, 3), new RankEstimate(INF, 16, INF, 1, 3)))
                .startsWith("**r90 is not reached at any width** (32, 64)");
        assertThat(trend(new RankEstimate(INF, 64, INF, 1, 3), new RankEstimate(4, 4, 4, 3, 3)))
                .startsWith("**r90 falls with width**: median not reached (95% interval 64 to not reached)");
    }

    @Test
    void relativeValuesShowThreeDigits() {
        assertThat(StudyReport.show(0.0123456, true)).isEqualTo("0.0123");
        assertThat(StudyReport.show(3.0, false)).isEqualTo("3");
        assertThat(StudyReport.show(2.5, false)).isEqualTo("2.5");
        assertThat(StudyReport.show(INF, false)).isEqualTo("not reached");
        assertThat(StudyReport.show(Double.NaN, false)).isEqualTo("n/a");
        assertThat(StudyReport.interval(RankEstimate.NONE, false)).isEqualTo("no per-example scores");
    }

    @Test
    void aValueWhoseMedianNeverReaches90PercentIsDrawnAtTheTopEdge() {
        var axis = new org.loralab.study.StudyAxis("task.base_epochs", List.of(0.0, 2.0), List.of("p0.0", "p2.0"));
        List<StudyValue> values = List.of(at(0, new RankEstimate(INF, 16, INF, 1, 3)), at(2, new RankEstimate(32, 32, 32, 3, 3)));
        var ranks = (org.knowm.xchart.XYChart) StudyCharts.of(axis, values, List.of()).get(0).chart();
        var open = ranks.getSeriesMap().get("LoRA r90: not reached (drawn at the top edge)");
        assertThat(open.getXData()).containsExactly(0.0);
        assertThat(open.getYData()).containsExactly(new double[] {Math.log10(64)}, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ranks.getSeriesMap().get("LoRA r90").getXData()).containsExactly(2.0);
    }
}
