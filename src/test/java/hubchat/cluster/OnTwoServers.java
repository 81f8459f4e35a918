package hubchat.cluster;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a suite that runs against the two servers sharing one Redis: it may take a
 * {@link TwoServers} parameter (constructor or method), and it carries the tag {@value #TAG}, by
 * which the pom runs it in the failsafe execution {@code it-two-servers} and in no other. A tag
 * rather than a file pattern, because {@code -Dit.test} replaces the patterns of every execution:
 * with the tag, {@code -Dit.test=SomeContainerIT} selects nothing here and
 * {@code -Dit.test=TwoServersOneRoomIT} nothing in the Arquillian executions.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(OnTwoServers.TAG)
@ExtendWith(TwoServers.Resolver.class)
public @interface OnTwoServers {

    /** The JUnit tag of these suites (the pom names it too). */
    String TAG = "two-servers";
}
