package io.switchboard.archfixture.hub;

import io.switchboard.archfixture.routing.Log;
import jakarta.json.JsonObject;
import java.util.List;

/** A core class as it should be: java.*, JSON-P and the core. */
public class CleanHub {
    Log log;
    JsonObject last;
    List<String> names;
}
