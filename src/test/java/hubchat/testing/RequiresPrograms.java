package hubchat.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class (a whole suite) or a single test method as needing programs outside the JVM.
 * When one is missing, {@link MissingProgramCondition} skips it with one loud line naming the
 * Debian packages to install, and lists it for the build's closing summary; with
 * {@code -Dhubchat.require-all} (as in CI) the same message fails it instead.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(MissingProgramCondition.class)
public @interface RequiresPrograms {

    /** Everything the suite runs; all of it must be there. */
    SystemProgram[] value();
}
