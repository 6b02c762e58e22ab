/**
 * A tiny application for LayeringRulesTest: the same package names as the hub's, under this root,
 * each with one or two classes that keep or break one rule of {@link io.switchboard.Layering}.
 * LayeringTest leaves this package out (it is test code, and it is excluded by name as well).
 */
package io.switchboard.archfixture;
