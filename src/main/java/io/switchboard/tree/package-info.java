/**
 * The index tree of {@code /data} and {@code /chatrooms}: which nodes exist, who is told when a
 * child comes or goes, and the sockets that list a node or carry a {@code /data} channel.
 */
package io.switchboard.tree;
