package io.switchboard.examples.weather;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Random;

/**
 * The simulated weather: temperature and humidity on a smooth random walk (the drift changes
 * slowly, with a slight pull back to the start values so it stays believable), and a fan that
 * cools. Thread-safe: ticks and inputs come from different threads.
 */
final class Weather {
    static final double START_TEMP = 21.0;
    static final double START_HUM = 45.0;

    private final Random random;
    private double temp = START_TEMP;
    private double hum = START_HUM;
    private double tempDrift;
    private double humDrift;
    private boolean fan;

    Weather(Random random) {
        this.random = random;
    }

    /** One second of weather. */
    synchronized void tick() {
        tempDrift = clamp(tempDrift * 0.9 + random.nextGaussian() * 0.05 - (fan ? 0.02 : 0), -0.3, 0.3);
        humDrift = clamp(humDrift * 0.9 + random.nextGaussian() * 0.2, -1.5, 1.5);
        temp = clamp(temp + tempDrift + (START_TEMP - temp) * 0.02, -20, 45);
        hum = clamp(hum + humDrift + (START_HUM - hum) * 0.02, 5, 100);
    }

    /** Back to the start values, as the "reset" button asks. */
    synchronized void reset() {
        temp = START_TEMP;
        hum = START_HUM;
        tempDrift = 0;
        humDrift = 0;
    }

    synchronized void fan(boolean on) {
        fan = on;
    }

    /** The readings as the station emits them: {@code {"temp","hum","fan"}}, one decimal. */
    synchronized JsonObject readings() {
        return Json.createObjectBuilder().add("temp", round(temp)).add("hum", round(hum)).add("fan", fan).build();
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
