/** A form's own error, below its buttons; announced when it appears. Renders nothing without a message. */
export function FormError({ message }: { message: string | null }) {
  return message ? (
    <p className="field__error" role="alert">
      {message}
    </p>
  ) : null;
}
