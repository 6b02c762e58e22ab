package io.switchboard.archfixture.widgets;

/** Breaks the placement rule: a package the layering does not name. */
public class Widget {
}
