package io.switchboard.browser;

import java.io.File;
import java.net.URI;
import java.net.URL;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The browser tests deploy the real WAR the build made (as io.switchboard.it.Deployments does). */
final class Deployments {
    private Deployments() {
    }

    static WebArchive hub() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/switchboard.war"));
    }

    static URI ws(URL base, String path) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + path);
    }

    static URI http(URL base, String path) {
        return URI.create(base + path);
    }
}
