package io.icasdk.testkit;

import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one {@link IcaEmulator} per test class, started before all tests and closed after.
 *
 * <pre>{@code
 * class MyIT {
 *     @RegisterExtension
 *     static IcaEmulatorExtension ica = new IcaEmulatorExtension(b -> b.partialLag(Duration.ofMillis(200)));
 *
 *     @Test
 *     void lists(IcaEmulator emulator) { ... }   // or ica.emulator()
 * }
 * }</pre>
 *
 * <p>Register it on a static field (or with {@code @ExtendWith}); an {@link IcaEmulator} parameter of a
 * test, lifecycle method or constructor is resolved to the running emulator.
 *
 * <p>Nothing is reset between the tests of a class: they share one emulator and see what earlier tests
 * left in it. Fault switches stay as a test left them, so a test that flips them should call
 * {@code faults().reset()} when it ends (e.g. in an {@code @AfterEach}); projects, data, credentials and
 * upload sessions stay, so tests should write to paths of their own; the {@link Faults} counters are never
 * reset, so a test compares them with the value it read before it acted.
 */
public final class IcaEmulatorExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private final Consumer<IcaEmulator.Builder> customizer;
    private volatile IcaEmulator emulator;
    private volatile String owner;

    /** An extension with the default emulator settings. */
    public IcaEmulatorExtension() {
        this(b -> { });
    }

    /** An extension whose emulator is built with these settings. */
    public IcaEmulatorExtension(Consumer<IcaEmulator.Builder> customizer) {
        this.customizer = Objects.requireNonNull(customizer, "customizer");
    }

    /**
     * @return the running emulator
     * @throws IllegalStateException outside the test class's lifetime
     */
    public IcaEmulator emulator() {
        IcaEmulator e = emulator;
        if (e == null) {
            throw new IllegalStateException("The emulator is not running: register IcaEmulatorExtension on a "
                    + "static field and use it from tests of that class");
        }
        return e;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (emulator == null) {
            IcaEmulator.Builder b = IcaEmulator.builder();
            customizer.accept(b);
            emulator = b.start();
            owner = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (emulator != null && context.getUniqueId().equals(owner)) {
            emulator.close();
            emulator = null;
            owner = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == IcaEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return emulator();
    }
}
