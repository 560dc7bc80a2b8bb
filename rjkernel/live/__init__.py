"""Live faces of displays: tables and progress bars that keep changing after their cell.

The layer between the kernel and everything it drives. :mod:`rjkernel.display` formats
(pure); this package publishes those formats with display ids, keeps them in step with
the jobs and sessions they show, and acts on them (row buttons run cmdlets), so it may
import the runspace, cmdlets and jobs layers — and nothing below may import it.

- :mod:`~rjkernel.live.tables`: a live table's life (publish, refresh, freeze);
- :mod:`~rjkernel.live.rows`: which rows a live table shows and its static faces;
- :mod:`~rjkernel.live.widgets`: the ipywidgets; :mod:`~rjkernel.live.throttle`: batching;
- :mod:`~rjkernel.live.actions`: what the row buttons do (Receive/Stop/Remove-Job);
- :mod:`~rjkernel.live.publisher`: what these need from the kernel (messages, parents);
- :mod:`~rjkernel.live.progress`: the progress bar of a wait.
"""
