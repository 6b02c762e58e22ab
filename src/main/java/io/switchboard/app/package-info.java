/** The container edge: reads configuration, builds the hub and runs its timers (the composition root); depends on no transport. */
package io.switchboard.app;
