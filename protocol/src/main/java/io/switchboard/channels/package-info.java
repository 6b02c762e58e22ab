/** Channel names: parsing and validating channel paths and subscription patterns, and the index that matches published channels to subscribers. */
package io.switchboard.channels;
