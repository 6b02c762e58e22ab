package io.switchboard.examples.weather;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WeatherTest {

    @Test
    void readingsStayBelievableOverADay() {
        Weather w = new Weather(new Random(7));
        for (int i = 0; i < 86_400; i++) {
            w.tick();
            double temp = w.readings().getJsonNumber("temp").doubleValue();
            double hum = w.readings().getJsonNumber("hum").doubleValue();
            assertThat(temp).isBetween(-20.0, 45.0);
            assertThat(hum).isBetween(5.0, 100.0);
        }
    }

    @Test
    void resetGoesBackToTheStartValues() {
        Weather w = new Weather(new Random(1));
        for (int i = 0; i < 600; i++) {
            w.tick();
        }
        w.reset();
        assertThat(w.readings().getJsonNumber("temp").doubleValue()).isEqualTo(Weather.START_TEMP);
        assertThat(w.readings().getJsonNumber("hum").doubleValue()).isEqualTo(Weather.START_HUM);
    }

    @Test
    void theFanIsReported() {
        Weather w = new Weather(new Random(1));
        w.fan(true);
        assertThat(w.readings().getBoolean("fan")).isTrue();
    }

    @Test
    void theViewOffersResetFanAndNote() {
        assertThat(WeatherStation.view().getJsonArray("components")).extracting(c -> c.asJsonObject().getString("id"))
                .containsExactly("temp", "hum", "temp", "reset", "fan", "note");
    }
}
