package dev.idempotency.listener.rabbit;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import dev.idempotency.IdempotencyException;
import dev.idempotency.listener.BatchListenerBinding;
import dev.idempotency.listener.InboundMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.Message;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;

/**
 * Reads the batch of a {@code @RabbitListener} batch listener invocation: the
 * {@code List<Message>}, {@code List<Message<?>>} or payload {@code List<T>} parameter. Each
 * element's AMQP message comes from the container (see {@link CurrentRabbitDelivery}) or from
 * the batch itself. A failure of the method is a failure of every element, and a refusal of the
 * gate settles the whole batch; but an element without a key, in a batch the container
 * delivered message by message, is rejected alone (see {@link RabbitAcknowledgement#rejectAlone}).
 *
 * <p>A method whose {@code @RabbitListener} does not say whether it is a batch listener, but
 * that takes a {@code List}, is one only if its container's listener is (see
 * {@link RabbitListenerContainerSettings#batchListener()}); otherwise the list is one message's
 * payload, and the invocation is gated as one message.
 */
final class RabbitBatchListenerBinding implements BatchListenerBinding {

	private final Batch batch;

	private final int batchIndex;

	private final RabbitParameters parameters;

	private final RabbitAcknowledgement acknowledgement;

	private final String description;

	private final RabbitListenerContainerSettings container;

	private final RabbitListenerBinding single;

	RabbitBatchListenerBinding(Method method, RabbitParameters parameters, String description,
			RabbitAcknowledgement acknowledgement, RabbitListenerContainerSettings container) {
		int found = -1;
		for (int i = 0; i < method.getParameterCount() && found < 0; i++) {
			if (List.class.isAssignableFrom(method.getParameterTypes()[i])) {
				found = i;
			}
		}
		if (found < 0) {
			throw new IllegalStateException("@Idempotent batch listener " + description + " has no batch parameter: "
					+ "declare List<Message>, List<Message<?>> or a List of payloads.");
		}
		this.batchIndex = found;
		this.batch = Batch.of(method, found);
		this.parameters = parameters;
		this.acknowledgement = acknowledgement;
		this.description = description;
		this.container = container;
		this.single = new RabbitListenerBinding(parameters, acknowledgement);
	}

	@Override
	public boolean batches(Object[] arguments) {
		return this.container.batchListener();
	}

	@Override
	public InboundMessage message(Object[] arguments) {
		return this.single.message(arguments);
	}

	@Override
	public List<InboundMessage> messages(Object[] arguments) {
		List<?> elements = (List<?>) arguments[this.batchIndex];
		List<Message> delivered = delivered(arguments);
		return IntStream.range(0, elements.size())
			.mapToObj((i) -> (InboundMessage) new RabbitInboundMessage(delivered.get(i),
					this.batch.payload(elements.get(i))))
			.toList();
	}

	@Override
	public Object[] select(Object[] arguments, List<Integer> elements) {
		Object[] selected = arguments.clone();
		List<?> batch = (List<?>) arguments[this.batchIndex];
		selected[this.batchIndex] = elements.stream().map(batch::get).toList();
		return selected;
	}

	@Override
	public int failedElement(Throwable failure, Object[] selected) {
		return -1;
	}

	@Override
	public Throwable translate(Throwable failure, List<Integer> elements) {
		return failure;
	}

	@Override
	public RuntimeException elementFailure(RuntimeException cause, int element) {
		return (cause instanceof IdempotencyException refusal) ? refused(refusal) : cause;
	}

	@Override
	public RuntimeException refused(IdempotencyException refusal) {
		return this.acknowledgement.refused(refusal);
	}

	@Override
	public boolean rejectsAlone(Object[] arguments) {
		CurrentRabbitDelivery.Delivery delivery = CurrentRabbitDelivery.get();
		return delivery != null && delivery.batch()
				&& delivery.messages().size() == ((List<?>) arguments[this.batchIndex]).size();
	}

	@Override
	public @Nullable Supplier<RuntimeException> rejectAlone(Object[] arguments, List<Integer> elements,
			RuntimeException cause) {
		CurrentRabbitDelivery.Delivery delivery = Objects.requireNonNull(CurrentRabbitDelivery.get());
		return this.acknowledgement.rejectAlone(delivery.channel(), delivery.messages(), elements, cause);
	}

	@Override
	public void acknowledgeSkipped(Object[] arguments) {
		if (!batches(arguments)) {
			this.single.acknowledgeSkipped(arguments);
			return;
		}
		this.acknowledgement.acknowledge(this.parameters.channel(arguments), delivered(arguments));
	}

	@Override
	public void acknowledgeSkipped(Object[] arguments, List<Integer> skipped) {
		List<Message> delivered = delivered(arguments);
		this.acknowledgement.acknowledge(this.parameters.channel(arguments),
				skipped.stream().map(delivered::get).toList());
	}

	/**
	 * Return the AMQP message of every element of the batch argument.
	 */
	@SuppressWarnings("unchecked")
	private List<Message> delivered(Object[] arguments) {
		List<?> elements = (List<?>) arguments[this.batchIndex];
		if (this.batch == Batch.AMQP_MESSAGES) {
			return (List<Message>) elements;
		}
		CurrentRabbitDelivery.Delivery delivery = CurrentRabbitDelivery.get();
		if (delivery == null || delivery.messages().size() != elements.size()) {
			// the listener adapter rejects a message it cannot convert and calls the method without it
			throw new IllegalStateException("The batch of " + elements.size() + " elements handed to "
					+ this.description + " does not match the " + ((delivery != null) ? delivery.messages().size() : 0)
					+ " messages the container delivered, so their keys cannot be read. Declare the batch as "
					+ "List<Message> to gate it.");
		}
		return delivery.messages();
	}

	/**
	 * The parameter types that hold a batch.
	 */
	private enum Batch {

		AMQP_MESSAGES, MESSAGES, PAYLOADS;

		static Batch of(Method method, int index) {
			Class<?> element = ResolvableType.forMethodParameter(new MethodParameter(method, index))
				.asCollection()
				.resolveGeneric(0);
			if (element != null && Message.class.isAssignableFrom(element)) {
				return AMQP_MESSAGES;
			}
			return (element != null && org.springframework.messaging.Message.class.isAssignableFrom(element))
					? MESSAGES : PAYLOADS;
		}

		@Nullable Object payload(Object element) {
			return switch (this) {
				case AMQP_MESSAGES -> ((Message) element).getBody();
				case MESSAGES -> ((org.springframework.messaging.Message<?>) element).getPayload();
				case PAYLOADS -> element;
			};
		}

	}

}
