/** Who may do what: users and their roles, the patterns each role grants, and the identity a token carries. */
package io.switchboard.auth;
