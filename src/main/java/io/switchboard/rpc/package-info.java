/** Calls over the hub: who answers a channel (round robin among callees) and which calls wait for an answer. */
package io.switchboard.rpc;
