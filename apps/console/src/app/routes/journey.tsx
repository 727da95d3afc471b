import { useParams } from 'react-router';
import { JourneyPage } from '../../features/journeys/components/journey-page';

/** `/console/journeys/:id`: the journey page emails link to (inside the shell: session and layout). */
export function Component() {
  const { id = '' } = useParams();
  return <JourneyPage id={id} />;
}
