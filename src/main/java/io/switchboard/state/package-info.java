/** State documents under /state/**: JSON objects with revisions, changed by merge patches or JSON Patch. */
package io.switchboard.state;
