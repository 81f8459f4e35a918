package hubchat.engine;

/** The engine cannot store or read now (its backing store is unreachable); the caller may retry. */
public final class EngineUnavailableException extends RuntimeException {
    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
