import { createContext, useContext } from 'react';

/**
 * The page's notice for what outlives a form: a step refused because the journey moved on (409) is
 * said above the forms, since the journey read again may no longer offer the form it came from.
 */
export const JourneyNotice = createContext<(notice: string | null) => void>(() => {});
export const useJourneyNotice = () => useContext(JourneyNotice);
