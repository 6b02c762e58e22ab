/**
 * The one outbound path every transport writes through: a single-writer {@link io.switchboard.outbound.Pump}
 * (one write in flight, coalescing, write timeout, close after what is in flight, abort after a grace)
 * over a transport's {@link io.switchboard.outbound.Wire}, which keeps only the framing.
 */
package io.switchboard.outbound;
