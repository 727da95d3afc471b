import { useParams } from 'react-router';
import { JourneyPage } from '../../features/journeys/components/journey-page';

/** `/console/journeys/:id`: the journey page emails link to. */
export function Component() {
  const { id = '' } = useParams();
  return (
    <main>
      <JourneyPage id={id} />
    </main>
  );
}
