"""Stream helpers: ``chat.completions.stream`` (``.chat``) and ``responses.stream`` (``.responses``)."""
