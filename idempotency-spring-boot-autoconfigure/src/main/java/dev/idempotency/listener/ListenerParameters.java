package dev.idempotency.listener;

import java.lang.reflect.Parameter;
import java.util.List;

import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;

/**
 * Finds the parameters of a listener method that a broker binding reads: one of a given type,
 * and the payload.
 */
public final class ListenerParameters {

	private ListenerParameters() {
	}

	/**
	 * Return the position of the first parameter of a type.
	 * @param parameters the method's parameters
	 * @param type the type, matched by assignability
	 * @return the position, or {@code -1} if none has the type
	 */
	public static int indexOf(Parameter[] parameters, Class<?> type) {
		for (int i = 0; i < parameters.length; i++) {
			if (type.isAssignableFrom(parameters[i].getType())) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Return the position of the payload parameter: the one annotated {@code @Payload}, else the
	 * first that is neither annotated {@code @Header} or {@code @Headers} nor of a framework type.
	 * @param parameters the method's parameters
	 * @param frameworkTypes the types the broker passes besides the payload, such as a channel
	 * @return the position, or {@code -1} if there is none
	 */
	public static int payloadIndex(Parameter[] parameters, List<Class<?>> frameworkTypes) {
		for (int i = 0; i < parameters.length; i++) {
			if (MergedAnnotations.from(parameters[i]).isPresent(Payload.class)) {
				return i;
			}
		}
		for (int i = 0; i < parameters.length; i++) {
			MergedAnnotations annotations = MergedAnnotations.from(parameters[i]);
			Class<?> type = parameters[i].getType();
			if (!annotations.isPresent(Header.class) && !annotations.isPresent(Headers.class)
					&& frameworkTypes.stream().noneMatch((framework) -> framework.isAssignableFrom(type))) {
				return i;
			}
		}
		return -1;
	}

}
