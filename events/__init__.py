"""What consumes the event stream: the action log projection, history, and (later) the chaser."""
