package service_test

import (
	"errors"
	"fmt"

	"github.com/guildhall-platform/guildhall/internal/service"
)

func ExampleParse() {
	src := []byte(`id: report-graffiti
name: Report graffiti
summary: Tell us about graffiti.
category: Streets
audience: [public]
team: street-scene
classification: OFFICIAL
roles: [officer]
pages:
  - id: where
    title: Where is it?
    questions:
      - {id: where, type: location, lable: Where is it?}
workflow:
  states:
    - {id: new, label: New, initial: true}
    - {id: done, label: Done, terminal: true}
  transitions:
    - {id: finish, label: Finish, from: [new], to: done, roles: [oficer]}
retention: {period: P2Y, trigger: closed, action: delete}
`)
	_, err := service.Parse("report-graffiti.yaml", src)
	var problems *service.Problems
	if errors.As(err, &problems) {
		for _, p := range *problems {
			fmt.Println(p)
		}
	}
	// Output:
	// report-graffiti.yaml:13:37: unknown field 'lable'; did you mean 'label'? (hint: rename it to 'label')
	// report-graffiti.yaml:19:66: transition 'finish' names role 'oficer', which the service does not declare; did you mean 'officer'? (hint: declare it under 'roles:' at the top of the file, or use one of: officer)
}

func ExampleDefinition_DecodePage() {
	d, _ := service.Parse("contact.yaml", []byte(`id: contact-us
name: Contact us
summary: Send us a message.
category: Your council
audience: [public]
team: contact-centre
classification: OFFICIAL
roles: [officer]
pages:
  - id: you
    title: Your details
    questions:
      - {id: email, type: email, label: What is your email address?, validate: {required: true}}
      - {id: postcode, type: postcode, label: What is your postcode?}
workflow:
  states:
    - {id: new, label: New, initial: true}
    - {id: done, label: Done, terminal: true}
  transitions:
    - {id: finish, label: Finish, from: [new], to: done, roles: [officer]}
retention: {period: P1Y, trigger: closed, action: delete}
`))
	page, _ := d.FirstPage(nil)
	answers, errs := d.DecodePage(page, map[string][]string{"postcode": {" sw1a1aa "}}, nil)
	fmt.Println(answers["postcode"].Text)
	for _, e := range errs {
		fmt.Printf("%s: %s\n", e.Field, e.Message)
	}
	// Output:
	// SW1A 1AA
	// email: Enter your email address
}
