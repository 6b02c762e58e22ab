package io.switchboard.it;

import java.io.File;
import java.net.URI;
import java.net.URL;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The ITs deploy the real WAR the build made, not a hand-picked subset of classes. */
public final class Deployments {
    private Deployments() {
    }

    public static WebArchive hub() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/switchboard.war"));
    }

    /** The hub with these MicroProfile Config properties ({@code key=value}) in the deployment. */
    public static WebArchive hubWith(String... properties) {
        return hub().addAsResource(new org.jboss.shrinkwrap.api.asset.StringAsset(String.join("\n", properties) + "\n"),
                "META-INF/microprofile-config.properties");
    }

    public static URI ws(URL base, String path) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + path);
    }

    public static URI http(URL base, String path) {
        return URI.create(base + path);
    }
}
