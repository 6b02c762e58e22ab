/** The application's hooks: the hub's events as CDI events and as signed webhook POSTs (docs/hooks.md). */
package io.switchboard.hooks;
