/** The long-polling transport: HTTP requests that carry frames in and take a session's frames out. */
package io.switchboard.polling;
