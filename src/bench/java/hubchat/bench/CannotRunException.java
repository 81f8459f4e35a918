package hubchat.bench;

/**
 * Why the tool cannot do what its command line asks (a bad flag, a non-loopback target, a sender
 * that could not connect): {@link ChatLoad#main} prints {@code chatload: MESSAGE} and exits with 2.
 */
final class CannotRunException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CannotRunException(String message) {
        super(message);
    }
}
