package hubchat.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket's query carries secrets (the {@code resume} secret, a signed {@code token}), and a
 * browser cannot send them any other way; so every access log that is shipped names a request by
 * its path alone: the run command's Tomcat (the pom's cargo configuration), the Tomcat image, and
 * the compose file's HAProxy. (Payara Micro keeps no access log unless started with
 * {@code --accessLog}; the test Tomcat has none.)
 */
class AccessLogsTest {
    private static final Path POM = Path.of("pom.xml");
    private static final Path TOMCAT_DOCKERFILE = Path.of("docker/tomcat/Dockerfile");
    private static final Path HAPROXY_CFG = Path.of("docker/haproxy/haproxy.cfg");
    /** Tomcat's AccessLogValve codes that write the query: the request line, the query string. */
    private static final List<String> TOMCAT_QUERY_CODES = List.of("r", "q");
    /** A Tomcat pattern code: one letter after {@code %}, perhaps with {@code {argument}} between. */
    private static final Pattern TOMCAT_CODE = Pattern.compile("%(?:\\{[^}]*})?([A-Za-z])");
    /** HAProxy's log-format codes that write the query: the request line, the URI, the query. */
    private static final List<String> HAPROXY_QUERY_CODES = List.of("r", "HU", "HQ");
    /** An HAProxy log-format variable: letters after {@code %}, perhaps with {@code {+flags}} between. */
    private static final Pattern HAPROXY_CODE = Pattern.compile("%(?:\\{[^}]*})?([A-Za-z]+)");

    /** The codes {@code format} uses, by name ({@code U}, {@code HP}). */
    private static List<String> codes(Pattern code, String format) {
        return code.matcher(format).results().map(r -> r.group(1)).toList();
    }

    @Test
    void theRunCommandsTomcatLogsThePathWithoutTheQuery() throws IOException {
        Matcher m = Pattern.compile("<xpathExpression>//Valve\\[@className='org.apache.catalina.valves.AccessLogValve']"
                + "</xpathExpression>\\s*<attributeName>pattern</attributeName>\\s*<value>([^<]*)</value>")
                .matcher(Files.readString(POM));
        assertTrue(m.find(), "the pom's cargo configuration sets the access log's pattern");
        List<String> codes = codes(TOMCAT_CODE, m.group(1));
        assertTrue(codes.contains("U"), "the path: " + m.group(1));
        for (String code : TOMCAT_QUERY_CODES) {
            assertFalse(codes.contains(code), "no %" + code + ": " + m.group(1));
        }
    }

    @Test
    void theTomcatImageReplacesTheRequestLineWithThePathAndChecksItDid() throws IOException {
        String dockerfile = Files.readString(TOMCAT_DOCKERFILE);
        assertTrue(dockerfile.contains("sed -i 's|&quot;%r&quot;|\\&quot;%m %U %H\\&quot;|' conf/server.xml"), dockerfile);
        assertTrue(dockerfile.contains("! grep -q '%r' conf/server.xml"), "the build fails if a %r is left");
        assertFalse(dockerfile.contains("%q"), dockerfile);
    }

    @Test
    void theBalancerLogsThePathWithoutTheQuery() throws IOException {
        String format = HaproxyConfig.read(HAPROXY_CFG).one("defaults", "log-format");
        List<String> codes = codes(HAPROXY_CODE, format);
        assertTrue(codes.contains("HP") && codes.contains("tr"), "the path, and the codes are read: " + codes);
        for (String code : HAPROXY_QUERY_CODES) {
            assertFalse(codes.contains(code), "no %" + code + ": " + format);
        }
        long formats = Files.readAllLines(HAPROXY_CFG).stream().map(l -> l.replaceFirst("#.*", "").strip())
                .filter(l -> l.startsWith("log-format") || l.matches("option\\s+https?log.*")).count();
        assertEquals(1, formats, "no section sets a format of its own (option httplog logs %r)");
    }
}
