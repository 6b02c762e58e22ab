/** The protocol-neutral facade every transport calls: it turns client frames into hub actions. */
package io.switchboard.hub;
