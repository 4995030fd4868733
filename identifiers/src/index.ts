export { creditCodeCheckCharacter, isValidCreditCode, makeCreditCode } from './credit-code.js';
export { maskName, maskPhone, maskResidentId } from './mask.js';
export { isValidResidentId, makeResidentId, residentIdCheckCharacter } from './resident-id.js';
