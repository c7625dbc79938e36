package dev.idempotency.listener;

import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The binding of a batch listener method: reads the elements of the batch, narrows the method's
 * arguments to the elements the gate lets through, and expresses failures of single elements the
 * way the broker's error handling understands them.
 */
public interface BatchListenerBinding extends ListenerBinding {

	/**
	 * Whether this invocation hands the method a batch. A binding that cannot tell from the
	 * method alone (a {@code List} parameter may be one payload) asks the listener container;
	 * when not, the invocation is gated as one message (see {@link #message}). By default
	 * {@code true}.
	 * @param arguments the invocation's arguments
	 * @return {@code true} if the method is called with a batch
	 */
	default boolean batches(Object[] arguments) {
		return true;
	}

	/**
	 * Whether the broker can reject single elements of this batch, so that an element that can
	 * never pass (it has no key) is rejected alone and the method runs for the others (see
	 * {@link #rejectAlone}). If not, the default, the batch is cut before the first such element:
	 * the elements before it are processed and {@link #elementFailure} hands it to the broker.
	 * @param arguments the invocation's arguments
	 * @return {@code true} if {@link #rejectAlone} may be called
	 */
	default boolean rejectsAlone(Object[] arguments) {
		return false;
	}

	/**
	 * Reject elements that can never pass on their own, before the others are gated, so that
	 * the broker's error handling (a dead-letter exchange) receives them and nothing else. Only
	 * called if {@link #rejectsAlone} says so.
	 * @param arguments the invocation's arguments
	 * @param elements the positions of the elements to reject, in batch order
	 * @param cause why they are rejected
	 * @return what is left to do once the method is done with the other elements, giving the
	 * failure to throw then, or {@code null} if the elements are rejected already
	 */
	default @Nullable Supplier<RuntimeException> rejectAlone(Object[] arguments, List<Integer> elements,
			RuntimeException cause) {
		throw new UnsupportedOperationException("Elements of this batch cannot be rejected alone");
	}

	/**
	 * Return the elements of the batch the method is invoked for, in order.
	 * @param arguments the invocation's arguments
	 * @return one message per element
	 */
	List<InboundMessage> messages(Object[] arguments);

	/**
	 * Return the arguments with the batch, and every list parallel to it, narrowed to some
	 * elements.
	 * @param arguments the invocation's arguments
	 * @param elements the positions of the elements to keep, in batch order
	 * @return new arguments
	 */
	Object[] select(Object[] arguments, List<Integer> elements);

	/**
	 * Return which element of the narrowed batch a failure of the method belongs to, if the
	 * failure says so.
	 * @param failure what the method threw
	 * @param selected the narrowed arguments the method was called with
	 * @return the position in the narrowed batch, or {@code -1} if unknown
	 */
	int failedElement(Throwable failure, Object[] selected);

	/**
	 * Express a failure of the method, called with a narrowed batch, in terms of the whole batch,
	 * for the broker's error handling.
	 * @param failure what the method threw
	 * @param elements the positions the narrowed batch was made of
	 * @return the failure to throw
	 */
	Throwable translate(Throwable failure, List<Integer> elements);

	/**
	 * Return the failure that hands one element of the batch to the broker's error handling,
	 * the elements before it being done.
	 * @param cause why the element failed
	 * @param element its position in the batch
	 * @return the failure to throw
	 */
	RuntimeException elementFailure(RuntimeException cause, int element);

	/**
	 * Acknowledge the elements whose body was skipped while the method runs for the others, if
	 * the broker acknowledges messages one by one and the method acknowledges manually. Called
	 * before the method. Does nothing by default: the method acknowledges the batch as a whole.
	 * @param arguments the invocation's arguments
	 * @param skipped the positions of the skipped elements, in batch order
	 */
	default void acknowledgeSkipped(Object[] arguments, List<Integer> skipped) {
	}

}
