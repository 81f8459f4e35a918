package hubchat.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR the build made, for the Arquillian tests to deploy, and where to reach it. */
public final class BuiltWar {

    private BuiltWar() {
    }

    /** The WAR named by {@code -Dit.war} (the pom sets it per container), else the Tomcat one. */
    public static WebArchive load() {
        File war = new File(System.getProperty("it.war", "target/hubchat-tomcat.war"));
        assertTrue(war.isFile(), war + " is missing: run `./mvnw verify`, which builds it first");
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    /**
     * {@code deployed} on localhost, ending in '/'. Payara's adapter reports the machine's own
     * (non-loopback) address; the server listens on every interface, so port and path are all
     * that matter, and the tests talk to it on loopback only.
     */
    public static URI onLoopback(URL deployed) throws URISyntaxException {
        String path = deployed.getPath().endsWith("/") ? deployed.getPath() : deployed.getPath() + "/";
        return new URI("http", null, "localhost", deployed.getPort(), path, null, null);
    }
}
