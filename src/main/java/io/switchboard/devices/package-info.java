/** Devices and the browsers that view them: who is online, who views whom, emit/input routing, presence. */
package io.switchboard.devices;
