package org.loralab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChart;
import org.loralab.spectrum.SubspaceSimilarity;

class HeatMapsTest {
    private static List<String> columnLabels(int cols) {
        double[][] phi = new double[4][cols];
        var chart = (HeatMapChart) HeatMaps.subspaceSimilarity(new SubspaceSimilarity(SubspaceSimilarity.Side.RIGHT, phi),
                "fc1", "r = 4", "r = " + cols, "").chart();
        return chart.getHeatMapSeries().getXData().stream().map(Object::toString).toList();
    }

    @Test
    void namesEveryColumnUpTo32AndEnoughOfTheRestToReadPast() {
        assertThat(columnLabels(32)).hasSize(32).doesNotContain(" ").startsWith("1", "2").endsWith("32");
        List<String> wide = columnLabels(128); // one cell per column still, but every fourth named
        assertThat(wide).hasSize(128).startsWith("1", " ", " ", "4").endsWith("128");
        assertThat(wide.stream().filter(l -> !l.isBlank()).count()).isEqualTo(33);
    }
}
