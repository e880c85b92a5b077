// OWL 2 DL check with the OWL API and HermiT that owlready2 ships (owlready2/hermit/HermiT.jar).
// Run as a single-file program: java -cp HermiT.jar OwlCheck.java ONTOLOGY.ttl
// (to check instance data too, merge it into the ontology's file first: parsed separately,
// its properties would be read as annotation properties).
// Prints AXIOMS n, CLASSES n, one "VIOLATION ..." line per OWL 2 DL profile violation,
// CONSISTENT true|false and one "UNSATISFIABLE <iri>" line per unsatisfiable class.
import java.io.File;
import org.semanticweb.HermiT.Reasoner;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.profiles.*;

public class OwlCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager m = OWLManager.createOWLOntologyManager();
        OWLOntology o = m.loadOntologyFromOntologyDocument(new File(args[0]));
        System.out.println("AXIOMS " + o.getAxiomCount());
        System.out.println("CLASSES " + o.getClassesInSignature().size());
        OWLProfileReport report = new OWL2DLProfile().checkOntology(o);
        for (OWLProfileViolation v : report.getViolations()) {
            System.out.println("VIOLATION " + v.toString().replace('\n', ' '));
        }
        if (!report.isInProfile()) {
            return;   // HermiT refuses some non-DL axioms outright; the violations say why
        }
        Reasoner hermit = new Reasoner(o);
        boolean consistent = hermit.isConsistent();
        System.out.println("CONSISTENT " + consistent);
        if (consistent) {
            for (OWLClass c : hermit.getUnsatisfiableClasses().getEntitiesMinusBottom()) {
                System.out.println("UNSATISFIABLE " + c.getIRI());
            }
        }
    }
}
